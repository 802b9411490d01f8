/**
 * Channel secret that local mode signs and verifies webhooks with when
 * LINE_CHANNEL_SECRET is unset. It is public on purpose: local mode never
 * talks to LINE, and config refuses local mode when NODE_ENV=production.
 */
export const LOCAL_CHANNEL_SECRET = 'gulema-local-channel-secret';
