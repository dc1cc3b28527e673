import { describe, expect, it } from "vitest";
import { nameBody, readNameBody, readTextBody, textBody } from "../src/body.js";
import { EnvelopeError } from "../src/errors.js";

describe("envelope bodies", () => {
  it('writes {"text"} and {"name"}', () => {
    expect(textBody("hi <b>x</b>")).toBe('{"text":"hi <b>x</b>"}');
    expect(nameBody("Plans")).toBe('{"name":"Plans"}');
  });

  it("reads them back and ignores unknown fields", () => {
    expect(readTextBody('{"text":"hi","image":"data:..","future":1}')).toBe("hi");
    expect(readNameBody('{"name":"Plans","x":true}')).toBe("Plans");
  });

  it.each(["not json", "[]", "null", '"text"', '{"text":1}', '{"name":"n"}', "{}"])(
    "rejects %s as a text body",
    (json) => {
      expect(() => readTextBody(json)).toThrow(EnvelopeError);
    },
  );

  it("does not mistake a text body for a room name", () => {
    expect(() => readNameBody('{"text":"hi"}')).toThrow(EnvelopeError);
  });
});
