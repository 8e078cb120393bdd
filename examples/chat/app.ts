import { App, HttpError, type Socket, type tags } from "typekiln";

/** What a client sends. */
type ClientMessage =
  | { type: "say"; text: string & tags.MinLength<1> & tags.MaxLength<500> }
  | { type: "typing" };

/** What the server sends. */
type ServerMessage =
  | { type: "said"; user: string; text: string }
  | { type: "typing"; user: string }
  | { type: "notice"; text: string };

interface Member {
  room: string;
  user: string;
}

export const app = new App({ title: "Chat", version: "1.0.0" });

/**
 * Chat in a room: everything said is published to the room's topic.
 * @param user Your display name.
 */
export const rooms = app.ws("/rooms/:room", {
  upgrade: (room: string & tags.Pattern<"^[a-z0-9-]{1,32}$">, user: string & tags.MinLength<1>): Member => {
    if (user === "admin") throw new HttpError(403, "Reserved name");
    return { room, user };
  },
  open: (ws: Socket<ServerMessage, Member>) => {
    ws.subscribe(ws.data.room);
    ws.send({ type: "notice", text: `welcome to ${ws.data.room}, ${ws.data.user}` });
  },
  message: (ws, message: ClientMessage) => {
    const { room, user } = ws.data;
    if (message.type === "typing") ws.publish(room, { type: "typing", user });
    else rooms.publish(room, { type: "said", user, text: message.text });
  },
});

/** Post a notice into a room from plain HTTP. */
app.post("/rooms/:room/notices", (room: string, notice: { text: string & tags.MinLength<1> }) => ({
  delivered: rooms.publish(room, { type: "notice", text: notice.text }),
}));
