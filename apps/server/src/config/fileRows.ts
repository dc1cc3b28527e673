import type { OptionRow } from "./rows.js";

/**
 * Attachments (F42–F45): the limits of the file relay (io/fileRelay.ts), rows of the one
 * table in optionTable.ts. Sizes are plaintext sizes as the offer declares them; the
 * relay never sees more than that.
 */
export const FILE_ROWS = {
  maxFileSizeMiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-file-size",
    env: "SANCTUARY_MAX_FILE_SIZE",
    min: 0,
    max: 4096,
    default: 100,
    help: "largest file in MiB a member may send, 0 for no files",
  },
  maxTransfersPerMember: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-transfers-per-member",
    env: "SANCTUARY_MAX_TRANSFERS_PER_MEMBER",
    min: 1,
    max: 1000,
    default: 4,
    help: "files one member may be sending at once",
  },
  maxTransfersPerRoom: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-transfers-per-room",
    env: "SANCTUARY_MAX_TRANSFERS_PER_ROOM",
    min: 1,
    max: 10_000,
    default: 16,
    help: "files being sent in one room at once",
  },
  // Paced, not refused: the relay holds a chunk's ack until the budget allows it. 8 MiB/s
  // keeps a 2-core server's chat p99 under 100 ms during a transfer (test/fileRelayLoad.test.ts);
  // at 32 MiB/s the relay saturates a core and others' messages wait.
  fileRateKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--file-rate",
    env: "SANCTUARY_FILE_RATE",
    min: 0,
    max: 10_485_760,
    default: 8192,
    help: "KiB per second of file chunks one socket may send, 0 for no limit",
  },
  fileAddressRateKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--file-address-rate",
    env: "SANCTUARY_FILE_ADDRESS_RATE",
    min: 0,
    max: 10_485_760,
    default: 16_384,
    help: "KiB per second of file chunks one address (group) may send over all its sockets, 0 for no limit",
  },
} as const satisfies Record<string, OptionRow>;
