import { useEffect, useState } from "react";
import { copyText } from "../lib/clipboard";

/** Copies the room ID and says so for a moment; works over plain http too. */
export function CopyRoomIdButton({ text }: { text: string }) {
  const [result, setResult] = useState<"" | "Copied" | "Copy failed">("");

  useEffect(() => {
    if (result === "") return;
    const timer = setTimeout(() => setResult(""), 2000);
    return () => clearTimeout(timer);
  }, [result]);

  const copy = async () => {
    setResult((await copyText(text)) ? "Copied" : "Copy failed");
  };

  return (
    <span className="copy">
      <button type="button" className="secondary" onClick={() => void copy()}>
        Copy room ID
      </button>
      <span className="copy-result" aria-live="polite">
        {result}
      </span>
    </span>
  );
}
