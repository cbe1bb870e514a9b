import type { ColumnState } from './ColumnState.js';
import type { RowDuplicatesView } from './RowDuplicates.js';
import type { ProfileState } from './types.js';

/** A profile's state with its live column states (what the summary is built from). */
export interface LiveState extends Omit<ProfileState, 'state_version' | 'duplicates' | 'columns'> {
  duplicates: RowDuplicatesView;
  columns: ColumnState[];
}
