import { useEffect, useState } from "react";
import { copyText } from "../lib/clipboard";

/** Copies `text` and says so for a moment; works over plain http too (see clipboard.ts). */
export function CopyButton({
  text,
  label,
  className = "secondary",
}: {
  text: string;
  label: string;
  className?: string;
}) {
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
      <button type="button" className={className} onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-result" aria-live="polite">
        {result}
      </span>
    </span>
  );
}
