// The key-result picker as a module of its own, imported by the content scripts when first
// used (lib/overlay/lazy-picker.ts); built as an ES module (wxt.config.ts).
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { openPicker } from '@/lib/overlay/picker';
import type { PickerModule } from '@/lib/overlay/lazy-picker';

export default defineUnlistedScript((): PickerModule => ({ openPicker }));
