/** The OKRs tab with no objectives: load the examples, start a cycle or objective, or import. */
export function EmptyState({
  hasCycle,
  onSample,
  onCreateCycle,
  onCreateObjective,
  onImport,
}: {
  hasCycle: boolean;
  onSample: () => Promise<void>;
  onCreateCycle: () => void;
  onCreateObjective: () => void;
  onImport: () => void;
}) {
  return (
    <section className="card empty" aria-label="Getting started">
      <h2>{hasCycle ? 'No objectives in this cycle yet' : 'Welcome to OKR Lens'}</h2>
      <p className="muted">
        Write your quarter’s objectives and key results, then tag tickets on GitHub, Jira and Linear
        to the key results they serve.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => void onSample()}>
          Load example OKRs
        </button>
        {hasCycle ? (
          <button type="button" className="btn" onClick={onCreateObjective}>
            + New objective
          </button>
        ) : (
          <button type="button" className="btn" onClick={onCreateCycle}>
            Create this quarter
          </button>
        )}
        <button type="button" className="btn" onClick={onImport}>
          Import a file
        </button>
      </div>
    </section>
  );
}
