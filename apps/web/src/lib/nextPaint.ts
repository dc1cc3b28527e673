/**
 * Resolves after the browser has painted (a frame, then a task), or after 100 ms when
 * frames are not running (a background tab), whichever comes first.
 */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
    };
    if (typeof requestAnimationFrame === "function") {
      requestAnimationFrame(() => setTimeout(finish, 0));
    }
    setTimeout(finish, 100);
  });
}
