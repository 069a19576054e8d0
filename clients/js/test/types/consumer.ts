// A TypeScript app using the SDK through its declarations (compiled, never run, by tests/Relink.Js.Tests).
import { ErrorCode, RelinkClient, RelinkError, type ChatMessage } from '@relink/client';

const client = new RelinkClient({ url: 'wss://chat.example.com/ws', getAccessToken: async () => 'jwt' });
const hosted = new RelinkClient({ url: 'wss://app.example.com/relink/ws', hostSignIn: true, storage: sessionStorage });
void hosted.connect();
const stop: () => void = client.on('message', (message: ChatMessage) => {
  const line: string = `${message.sender.nickname}: ${message.text} (#${message.seq})`;
  console.log(line);
});
client.on('state', (state) => console.log(state.name, state.attempt ?? 0));

async function main(): Promise<void> {
  await client.connect();
  const stored: ChatMessage = await client.send({ to: 'bob', text: 'hi' });
  await client.send({ group: '1', text: `after #${stored.id}` });
  client.reconnectNow();
  client.stopReconnecting();
  stop();
  try {
    await client.signOut();
  } catch (e) {
    if (e instanceof RelinkError && e.code === ErrorCode.UNAVAILABLE) {
      client.close();
    }
  }
}

void main();
