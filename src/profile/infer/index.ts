export {
  candidateMisses,
  candidateOf,
  chooseType,
  fitsType,
  type TypeChoice,
} from './chooseType.js';
export {
  type CellClassifier,
  type CellScratch,
  type ClassifierOptions,
  cellScratch,
  createClassifier,
  createNullMatcher,
  DEFAULT_NULL_TOKENS,
  epochDays,
  type NullMatcher,
} from './classify.js';
export {
  BOOL_MASK,
  CANDIDATE_COUNT,
  CANDIDATE_MASK,
  Candidate,
  Cell,
  DATE_BIT_BY_FORMAT,
  DATE_BIT_BY_SLOT,
  DATE_FORMAT_BY_SLOT,
  DATE_MASK,
  DATE_SLOT_BY_FORMAT,
  DATE_SLOT_COUNT,
  DateSlot,
  DEFAULT_TYPE_THRESHOLD,
  TYPE_MASK,
} from './constants.js';
export { countCell, countCells, createTypeFit, mergeTypeFit, type TypeFit } from './typeFit.js';
