/** The provider tests use the replay server that the end-to-end tests share. */
export { recordedBodies, startReplayServer, type RecordedRequest, type ReplayServer, type Reply, type Responder } from '../../support/replay-server.ts';
