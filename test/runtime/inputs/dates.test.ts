import WebSocket from "ws";
import { App, type Body, type Header, type Query, type Socket } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

interface Meeting {
  title: string;
  at: Date;
  end?: Date | null;
  reminders: Date[];
  /** A string member keeps its text: nothing tells a date from a title. */
  note?: Date | string;
  byRoom?: Record<string, Date>;
  slot?: [string, Date];
}

interface Thread {
  at: Date;
  replies: Thread[];
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/meetings", (meeting: Meeting) => ({
  kinds: {
    at: meeting.at instanceof Date,
    end: meeting.end === undefined || meeting.end === null || meeting.end instanceof Date,
    reminders: meeting.reminders.every((r) => r instanceof Date),
    note: typeof meeting.note,
    byRoom: Object.values(meeting.byRoom ?? {}).every((d) => d instanceof Date),
    slot: meeting.slot === undefined || meeting.slot[1] instanceof Date,
  },
  meeting,
}));
app.post("/threads", (thread: Thread) => {
  const all = (t: Thread): Date[] => [t.at, ...t.replies.flatMap(all)];
  return { dates: all(thread).map((d) => d instanceof Date && d.toISOString()) };
});
app.post("/at", (at: Body<Date>) => ({ at, isDate: at instanceof Date }));
app.get("/since", (since: Date, range: Query<{ until?: Date }> = {}, xAsOf?: Header<Date>) => ({
  since, until: range.until ?? null, asOf: xAsOf ?? null, isDate: since instanceof Date,
}));

app.ws("/clock", {
  message: (ws: Socket<{ at: Date; isDate: boolean }>, message: { at: Date }) => void ws.send({ at: message.at, isDate: message.at instanceof Date }),
});

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
afterEach(() => expectAlive(port));

// JSON has no date: a `Date` arrives as ISO 8601 text and the handler gets a `Date`, as pydantic
// reads a `datetime` field; the response writes it back as ISO 8601.
describe("Date in a JSON body", () => {
  it("reads ISO 8601 text at every Date position into a Date", async () => {
    const { status, json } = await http.send("/meetings", {
      title: "standup",
      at: "2024-01-02T03:04:05+01:00",
      end: null,
      reminders: ["2024-01-02 01:00", "2024-01-01"],
      note: "2024-01-01",
      byRoom: { a: "2024-02-29T10:00:00.123456Z" },
      slot: ["x", "2024-01-02T03:04Z"],
    });
    expect([status, json]).toEqual([200, {
      kinds: { at: true, end: true, reminders: true, note: "string", byRoom: true, slot: true },
      meeting: {
        title: "standup",
        at: "2024-01-02T02:04:05.000Z",
        end: null,
        reminders: ["2024-01-02T01:00:00.000Z", "2024-01-01T00:00:00.000Z"],
        note: "2024-01-01",
        byRoom: { a: "2024-02-29T10:00:00.123Z" },
        slot: ["x", "2024-01-02T03:04:00.000Z"],
      },
    }]);
  });

  it("reads Dates through a recursive type", async () => {
    const { json } = await http.send("/threads", { at: "2024-01-01", replies: [{ at: "2024-01-02T00:00:00Z", replies: [] }] });
    expect(json).toEqual({ dates: ["2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z"] });
  });

  it("reads a body that is one Date", async () => {
    expect((await http.send("/at", JSON.stringify("2024-05-06T07:08:09Z"))).json).toEqual({ at: "2024-05-06T07:08:09.000Z", isDate: true });
  });

  it("refuses text that is not a real date with datetime_parsing, and a number with datetime_type", async () => {
    const { status, json } = await http.send("/meetings", { title: "x", at: "2023-02-29", reminders: ["24:00", 5, "2024-13-01"] });
    expect([status, json.detail]).toEqual([422, [
      { type: "datetime_parsing", loc: ["body", "at"], msg: "Input should be a valid datetime", input: "2023-02-29" },
      { type: "datetime_parsing", loc: ["body", "reminders", 0], msg: "Input should be a valid datetime", input: "24:00" },
      { type: "datetime_type", loc: ["body", "reminders", 1], msg: "Input should be a valid datetime", input: 5 },
      { type: "datetime_parsing", loc: ["body", "reminders", 2], msg: "Input should be a valid datetime", input: "2024-13-01" },
    ]]);
  });

  it("documents a Date as a date-time string", async () => {
    const { json } = await http.request("/openapi.json");
    expect(json.components.schemas.Meeting.properties.at).toEqual({ type: "string", format: "date-time" });
  });
});

describe("Date in the path, query and headers", () => {
  it("reads ISO 8601 text into a Date", async () => {
    const { status, json } = await http.request("/since?since=2024-01-01T12:00:00-05:00&until=2024-06-01", {
      headers: { "x-as-of": "2024-03-01T00:00:00Z" },
    });
    expect([status, json]).toEqual([200, {
      since: "2024-01-01T17:00:00.000Z", until: "2024-06-01T00:00:00.000Z", asOf: "2024-03-01T00:00:00.000Z", isDate: true,
    }]);
  });

  it.each(["yesterday", "1700000000", "2024-1-1", "2024-01-01T25:00Z", "2024-01-01T10:00+24:00"])("refuses %j with datetime_parsing", async (text) => {
    const { status, json } = await http.request(`/since?since=${encodeURIComponent(text)}`);
    expect([status, json.detail]).toEqual([422, [
      { type: "datetime_parsing", loc: ["query", "since"], msg: "Input should be a valid datetime", input: text },
    ]]);
  });

  it("documents them as date-time strings", async () => {
    const { json } = await http.request("/openapi.json");
    const parameters = json.paths["/since"].get.parameters as { name: string; schema: unknown }[];
    expect(parameters.map((p) => [p.name, p.schema])).toEqual([
      ["since", { type: "string", format: "date-time" }],
      ["until", { type: "string", format: "date-time" }],
      ["x-as-of", { type: "string", format: "date-time" }],
    ]);
  });
});

describe("Date in a WebSocket message", () => {
  it("reads ISO 8601 text into a Date, and answers other text with datetime_parsing", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/clock`);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const next = () => new Promise<unknown>((resolve) => ws.once("message", (data) => resolve(JSON.parse(String(data)))));
    let reply = next();
    ws.send(JSON.stringify({ at: "2024-01-01T00:00:00+02:00" }));
    expect(await reply).toEqual({ at: "2023-12-31T22:00:00.000Z", isDate: true });
    reply = next();
    ws.send(JSON.stringify({ at: "noon" }));
    expect(await reply).toEqual({
      type: "error",
      detail: [{ type: "datetime_parsing", loc: ["message", "at"], msg: "Input should be a valid datetime", input: "noon" }],
    });
    ws.close();
  });
});
