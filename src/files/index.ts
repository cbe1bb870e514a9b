export { fileSource } from './fileSource.js';
export { profileFile } from './profileFile.js';
export {
  type PieceWorkerScript,
  profileFileThreads,
  THREAD_MIN_PIECE_BYTES,
  THREADS_MIN_BYTES,
  type ThreadedProfile,
} from './profileFileThreads.js';
