/**
 * `npm start` serves on 3000 unless `PORT` says otherwise; an empty `PORT` is unset, not port 0,
 * and a `PORT` that is not a port number stops the example with a message naming it.
 */
import { DEFAULT_PORT, portSetting } from "../../examples/port-setting";

describe("the example server's PORT", () => {
  it("is 3000 when PORT is unset, empty or blank", () => {
    expect(DEFAULT_PORT).toBe(3000);
    expect(portSetting(undefined)).toBe(3000);
    expect(portSetting("")).toBe(3000);
    expect(portSetting("  ")).toBe(3000);
  });

  it("takes a port number, 0 included (a free port)", () => {
    expect(portSetting("3111")).toBe(3111);
    expect(portSetting("0")).toBe(0);
    expect(portSetting("65535")).toBe(65535);
  });

  it.each(["abc", "3000x", "-1", "65536", "80.5"])("refuses PORT=%s, naming it", (text) => {
    expect(() => portSetting(text)).toThrow(new RangeError(`PORT must be a port number from 0 to 65535 (0 picks a free one), not "${text}"`));
  });
});
