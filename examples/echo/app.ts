/**
 * A typed WebSocket echo: each message is validated on the way in and serialized on the way out.
 * The benchmarks' WebSocket echo row serves this app.
 */
import { App, type Socket } from "typekiln";

interface Echo {
  text: string;
}

export const app = new App({ title: "Echo", version: "1.0.0" });

app.ws("/echo", {
  message: (ws: Socket<Echo>, message: Echo) => void ws.send(message),
});
