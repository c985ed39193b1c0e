/** CSS of the key-result picker, adopted after the badges' (styles.ts); loaded with the picker. */
export const pickerCss = `/* Picker */
.backdrop { position: fixed; inset: 0; z-index: 2147483600; background: rgba(1, 4, 9, 0.35); display: flex; justify-content: center; align-items: flex-start; padding-top: 12vh; }
.picker {
  width: min(560px, calc(100vw - 32px)); max-height: 70vh; display: flex; flex-direction: column;
  border: 1px solid var(--ol-border); border-radius: 12px; background: var(--ol-bg); box-shadow: var(--ol-shadow);
  font-size: 13px; line-height: 20px; overflow: hidden;
}
.picker header { padding: 12px 14px 8px; }
.picker h2 { margin: 0; font-size: 13px; font-weight: 600; }
.picker .ticket { color: var(--ol-muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.picker input {
  width: 100%; margin-top: 8px; height: 32px; padding: 0 10px; border: 1px solid var(--ol-border);
  border-radius: 6px; background: var(--ol-chip); color: var(--ol-fg); font: inherit;
}
.picker input:focus { outline: 2px solid var(--ol-accent); outline-offset: -1px; }
.picker ul { list-style: none; margin: 0; padding: 4px; overflow: auto; border-top: 1px solid var(--ol-border); }
.picker li { display: grid; grid-template-columns: 18px 56px 1fr; gap: 8px; align-items: baseline; padding: 6px 8px; border-radius: 6px; cursor: pointer; }
.picker li[data-active='true'] { background: var(--ol-chip); outline: 1px solid var(--ol-border); }
.picker li .check { color: var(--ol-accent); font-weight: 700; }
.picker li .objective { display: block; color: var(--ol-muted); font-size: 11px; }
.picker li .via { display: block; font-size: 11px; }
.picker li.empty { display: block; padding: 16px; color: var(--ol-muted); text-align: center; }
.picker footer { display: flex; gap: 12px; padding: 8px 14px; border-top: 1px solid var(--ol-border); color: var(--ol-muted); font-size: 11px; }
.picker kbd { font-family: inherit; border: 1px solid var(--ol-border); border-radius: 4px; padding: 0 4px; }
.picker .error { padding: 8px 14px; color: var(--ol-red); }
`;
