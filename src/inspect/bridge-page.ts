/**
 * The page the relay serves at GET /. It frames the inspector UI, waits for
 * the `@statelyai.connected` message that the UI posts when it is ready
 * (the handshake of @statelyai/inspect 0.7.2's browser adapter), then
 * forwards every relayed message into the frame with postMessage.
 */

export function bridgePage(inspectorUrl: string): string {
  const target = JSON.stringify(inspectorUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gulema XState inspector</title>
<style>html, body, iframe { margin: 0; width: 100%; height: 100%; border: 0; }</style>
</head>
<body>
<iframe id="inspector" title="Stately inspector"></iframe>
<script>
  const inspectorUrl = ${target};
  const inspectorOrigin = new URL(inspectorUrl).origin;
  const frame = document.getElementById('inspector');
  const pending = [];
  let ready = false;

  window.addEventListener('message', (message) => {
    if (message.origin !== inspectorOrigin || message.data?.type !== '@statelyai.connected') return;
    ready = true;
    for (const data of pending.splice(0)) frame.contentWindow.postMessage(data, inspectorOrigin);
  });

  const socket = new WebSocket('ws://' + location.host);
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (ready) frame.contentWindow.postMessage(data, inspectorOrigin);
    else pending.push(data);
  });

  frame.src = inspectorUrl;
</script>
</body>
</html>
`;
}
