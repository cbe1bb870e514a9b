export { candidateOf, chooseType, type TypeChoice, temporalFormat } from './chooseType.js';
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
  DEFAULT_NULL_TOKENS,
  DEFAULT_TYPE_THRESHOLD,
  fitsCandidate,
  TYPE_MASK,
} from './constants.js';
export { createTypeFit, mergeTypeFit, type TypeFit } from './typeFit.js';
