// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { PasswordStrength } from "../src/components/PasswordStrength";

afterEach(cleanup);

describe("the password strength meter", () => {
  it("holds its place from the first keystroke, before the estimator has loaded", () => {
    const { container } = render(<PasswordStrength password="abc" />);
    // Synchronously, in the same render as the typed text: the form below does not
    // move later when the verdict arrives.
    expect(container.querySelector(".strength meter")).not.toBeNull();
    expect(container.textContent).toContain("Checking strength");
  });

  it("takes no room while the field is empty", () => {
    const { container } = render(<PasswordStrength password="" />);
    expect(container.querySelector(".strength meter")).toBeNull();
  });
});
