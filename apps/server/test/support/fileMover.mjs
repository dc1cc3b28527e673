// The two members of the relay load test (test/fileRelayLoad.test.ts) that move the
// file, in a worker thread of their own so that sending and receiving 100 MiB does not
// stall the event loop that times the other members' chat.
import { parentPort, workerData } from "node:worker_threads";
import { FILE_CHUNK_WIRE_MAX_BYTES, fileChunkCount } from "@sanctuary/protocol";
import { joinAsMember, randomEnvelope, request } from "@sanctuary/testkit";

const WINDOW = 4;
const room = { ...workerData.room, authKey: Buffer.from(workerData.room.authKey) };
const sender = await joinAsMember(workerData.url, room, "sender");
const receiver = await joinAsMember(workerData.url, room, "receiver");
let received = 0;
receiver.socket.on("file:chunk", (c) => {
  received += c.data.byteLength;
});

/** Sends `bytes` of (fake) chunks whispered to the receiver, `WINDOW` ahead of the acks. */
async function transfer(bytes, tag) {
  const id = Buffer.alloc(16, tag).toString("base64url");
  const { iv, ct, mac } = randomEnvelope(4);
  const env = { v: 2, epk: mac, iv, ct, mac };
  const offer = await request(sender.socket, "file:offer", {
    id,
    to: receiver.welcome.you.id,
    size: bytes,
    env,
  });
  if (!offer.ok || offer.receivers !== 1) throw new Error(`offer refused: ${JSON.stringify(offer)}`);
  const chunk = Buffer.alloc(FILE_CHUNK_WIRE_MAX_BYTES, 1);
  const inFlight = new Set();
  for (let index = 0; index < fileChunkCount(bytes); index++) {
    const sent = request(sender.socket, "file:chunk", { id, index, data: chunk }).then((ack) => {
      inFlight.delete(sent);
      if (!ack.ok) throw new Error(`chunk ${index} refused: ${ack.code}`);
    });
    inFlight.add(sent);
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

parentPort.on("message", async ({ bytes, tag }) => {
  received = 0;
  const began = performance.now();
  await transfer(bytes, tag);
  while (received < fileChunkCount(bytes) * FILE_CHUNK_WIRE_MAX_BYTES)
    await new Promise((r) => setTimeout(r, 5));
  parentPort.postMessage({ seconds: (performance.now() - began) / 1000, received });
});
parentPort.postMessage("ready");
