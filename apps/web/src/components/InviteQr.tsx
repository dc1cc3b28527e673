import { useEffect, useState } from "react";

/**
 * A QR code of the invite link, drawn in the page (no remote service): an SVG made by
 * the `qrcode` package, shown as a `data:` image (the CSP's img-src allows data:).
 * Always dark on light, which every scanner reads, whatever the page theme. The encoder
 * is loaded when the first code is drawn, not with the home screen.
 */
export function InviteQr({ link }: { link: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import("qrcode")
      .then(({ default: QRCode }) =>
        QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 4 }),
      )
      .then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <figure className="invite-qr">
      {src ? (
        <img src={src} alt="QR code of the invite link" width={200} height={200} />
      ) : (
        <div className="invite-qr-placeholder" />
      )}
      <figcaption className="hint">Scan with a phone’s camera to open the link.</figcaption>
    </figure>
  );
}
