import { parseCommand } from "../commands/parseCommand";
import { selectFilesActions, useAppStore } from "../store";

/**
 * Sends the tray's files along with the draft about to go (F42): to the room with a
 * message, to one member with `/purr <alias> …`. Any other command, or a whisper that
 * does not parse, sends nothing, so a file meant for one person never reaches the room.
 */
export function useSendFiles(): (draft: string) => void {
  const { sendAttachments } = useAppStore(selectFilesActions);
  return (draft) => {
    const s = useAppStore.getState();
    if (s.attachments.length === 0 || !s.room) return;
    const command = parseCommand(draft, { members: s.members, youId: s.room.youId });
    if (command.kind === "message") void sendAttachments();
    else if (command.kind === "purr") void sendAttachments(command.target.id);
  };
}
