import { App } from "typekiln";
import { client, type Client } from "../../helpers/http";

interface User {
  id: number;
  name: string;
  address: { city: string };
}

/** The same routes on an app that checks responses and on one that does not (production). */
function build(validateResponses: boolean) {
  const logged: [string, Error][] = [];
  const reads = { count: 0 };
  const app = new App({ validateResponses, logger: { error: (message, err) => logged.push([message, err as Error]) } });
  app.get("/health", () => ({ ok: true }));
  app.get("/user", (): User => ({ id: 1, name: "Ann", address: { city: "Oslo" } }));
  app.get("/leaky", (): User => ({ id: 1, name: "Ann", address: { city: "Oslo" }, passwordHash: "x" } as User));
  app.get("/missing", (): User => ({ id: 1, address: { city: "Oslo" } }) as unknown as User);
  app.get("/wrong", (): User => ({ id: "7", name: "Ann", address: { city: 3 } }) as unknown as User);
  app.get("/async-wrong", async (): Promise<User[]> => [{ id: 1, name: null }] as unknown as User[]);
  app.get("/at", (): { at: Date } => ({ at: new Date(0) }));
  app.get("/counted", (): { name: string } => ({
    get name() {
      reads.count += 1;
      return "Ann";
    },
  }));
  return { app, logged, reads };
}

const dev = build(true);
const prod = build(false);
let devHttp: Client;
let prodHttp: Client;
beforeAll(async () => {
  devHttp = client((await dev.app.listen(0, "127.0.0.1")).port);
  prodHttp = client((await prod.app.listen(0, "127.0.0.1")).port);
});
afterAll(async () => {
  await dev.app.close();
  await prod.app.close();
});
beforeEach(() => {
  dev.logged.length = 0;
  prod.logged.length = 0;
});

// FastAPI checks every response against `response_model` and answers a mismatch with 500,
// logging a ResponseValidationError; typekiln does the same while responses are checked.
describe("while responses are checked (NODE_ENV not production)", () => {
  it("is on unless NODE_ENV is production", () => {
    expect(process.env.NODE_ENV).toBe("test"); // jest's; an App without the option checks responses here
  });

  it("answers a matching result as usual, undeclared properties left out", async () => {
    expect((await devHttp.request("/user")).json).toEqual({ id: 1, name: "Ann", address: { city: "Oslo" } });
    expect((await devHttp.request("/leaky")).json).toEqual({ id: 1, name: "Ann", address: { city: "Oslo" } });
    expect((await devHttp.request("/at")).json).toEqual({ at: "1970-01-01T00:00:00.000Z" });
    expect(dev.logged).toEqual([]);
  });

  it("answers a missing required field with 500 and logs the route and the field", async () => {
    const { status, json } = await devHttp.request("/missing");
    expect([status, json]).toEqual([500, { detail: "Internal Server Error" }]);
    expect(dev.logged.map(([message, err]) => [message, err.name, err.message])).toEqual([[
      "typekiln: GET /missing failed",
      "ResponseValidationError",
      "TK_RT_RESPONSE_INVALID: the response of GET /missing does not match its return type: response.name: Field required",
    ]]);
  });

  it("answers a field of the wrong type with 500 and logs each field's path and value", async () => {
    expect((await devHttp.request("/wrong")).status).toBe(500);
    expect(dev.logged[0]![1].message).toBe(
      "TK_RT_RESPONSE_INVALID: the response of GET /wrong does not match its return type: " +
        'response.id: Input should be a valid number, got "7"; response.address.city: Input should be a valid string, got 3',
    );
    expect((dev.logged[0]![1] as Error & { issues: unknown[] }).issues).toEqual([
      { type: "float_type", loc: ["response", "id"], msg: "Input should be a valid number", input: "7" },
      { type: "string_type", loc: ["response", "address", "city"], msg: "Input should be a valid string", input: 3 },
    ]);
  });

  it("checks an async handler's result inside arrays", async () => {
    expect((await devHttp.request("/async-wrong")).status).toBe(500);
    expect(dev.logged[0]![1].message).toBe(
      "TK_RT_RESPONSE_INVALID: the response of GET /async-wrong does not match its return type: " +
        "response.0.name: Input should be a valid string, got null; response.0.address: Field required",
    );
  });

  it("reads the result once more than production does, to check it", async () => {
    dev.reads.count = 0;
    await devHttp.request("/counted");
    expect(dev.reads.count).toBe(2);
  });
});

describe("in production (validateResponses: false)", () => {
  it("refuses an option that is not a boolean at start-up", () => {
    expect(() => new App({ validateResponses: "yes" as unknown as boolean })).toThrow(
      expect.objectContaining({ code: "TK_RT_BAD_APP_OPTION", message: expect.stringContaining("validateResponses") }),
    );
  });

  it("never calls the validator on the way to an answer: the serializer alone reads the result", async () => {
    prod.reads.count = 0;
    expect((await prodHttp.request("/counted")).json).toEqual({ name: "Ann" });
    expect(prod.reads.count).toBe(1);
  });

  it("writes a wrong type unchecked, as before", async () => {
    const { status } = await prodHttp.request("/wrong");
    expect(status).toBe(200);
    expect(prod.logged).toEqual([]);
  });

  it("explains a serializer that throws on a missing field, without the values", async () => {
    const { status, json } = await prodHttp.request("/missing");
    expect([status, json]).toEqual([500, { detail: "Internal Server Error" }]);
    const [message, err] = prod.logged[0]!;
    expect([message, err.message]).toEqual([
      "typekiln: GET /missing failed",
      "TK_RT_RESPONSE_INVALID: the response of GET /missing does not match its return type: response.name: Field required",
    ]);
    expect(err.cause).toBeInstanceOf(TypeError);
  });
});
