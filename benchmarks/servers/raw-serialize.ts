/**
 * Hand-written serializers for the raw uWebSockets.js server: templates that write only the
 * declared properties, with strings escaped only when they need it (as typia's stringify does).
 */
import type { Article, Author } from "../articles";
import type { Cancellation, ChatAck, Order, OrderPage, OrderSummary, ProductPage, User } from "../contract";

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal. */
export const quote = (s: string): string => (s.length < 5000 && !NEEDS_ESCAPE.test(s) ? `"${s}"` : JSON.stringify(s));

const summary = (o: OrderSummary): string =>
  `{"id":${o.id},"userId":${o.userId},"status":"${o.status}","totalCents":${o.totalCents}}`;

export const serializeSummary = summary;

export const serializePage = (p: OrderPage): string => {
  let orders = "";
  for (let i = 0; i < p.orders.length; i++) orders += (i === 0 ? "" : ",") + summary(p.orders[i]!);
  return `{"userId":${p.userId},"status":"${p.status}","limit":${p.limit},"offset":${p.offset},"orders":[${orders}]}`;
};

export const serializeOrder = (o: Order): string => {
  let items = "";
  for (let i = 0; i < o.items.length; i++) {
    const it = o.items[i]!;
    items +=
      (i === 0 ? "" : ",") +
      `{"sku":${quote(it.sku)},"quantity":${it.quantity},"unitPriceCents":${it.unitPriceCents},"lineTotalCents":${it.lineTotalCents}}`;
  }
  const a = o.shipping;
  let out =
    `{"id":${o.id},"status":"${o.status}","customerId":${o.customerId},"email":${quote(o.email)},` +
    `"currency":"${o.currency}","channel":"${o.channel}","items":[${items}],` +
    `"shipping":{"line1":${quote(a.line1)},"city":${quote(a.city)},"postalCode":${quote(a.postalCode)},"country":${quote(a.country)}},` +
    `"giftWrap":${o.giftWrap}`;
  if (o.note !== undefined) out += `,"note":${quote(o.note)}`;
  if (o.couponCode !== undefined) out += `,"couponCode":${quote(o.couponCode)}`;
  if (o.labels !== undefined) {
    let labels = "";
    for (let i = 0; i < o.labels.length; i++) labels += (i === 0 ? "" : ",") + quote(o.labels[i]!);
    out += `,"labels":[${labels}]`;
  }
  return `${out},"itemCount":${o.itemCount},"totalCents":${o.totalCents}}`;
};

export const serializeUser = (u: User): string => `{"id":${u.id},"name":${quote(u.name)},"email":${quote(u.email)}}`;

export const serializeProducts = (p: ProductPage): string => {
  let products = "";
  for (let i = 0; i < p.products.length; i++)
    products += (i === 0 ? "" : ",") + `{"sku":${quote(p.products[i]!.sku)},"name":${quote(p.products[i]!.name)}}`;
  return `{"limit":${p.limit},"products":[${products}]}`;
};

export const serializeCancellation = (c: Cancellation): string =>
  `{"id":${c.id},"status":"${c.status}","reason":${quote(c.reason)}}`;

export const serializeAck = (a: ChatAck): string => `{"type":"ack","room":${quote(a.room)},"seq":${a.seq}}`;

const author = (a: Author): string => `{"id":${a.id},"name":${quote(a.name)},"email":${quote(a.email)}}`;

export const serializeArticles = (articles: readonly Article[]): string => {
  let out = "";
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i]!;
    out +=
      (i === 0 ? "[" : ",") +
      `{"id":${a.id},"title":${quote(a.title)},"slug":${quote(a.slug)},"summary":${quote(a.summary)},` +
      `"publishedAt":${quote(a.publishedAt)},"readMinutes":${a.readMinutes},"author":${author(a.author)}}`;
  }
  return out === "" ? "[]" : `${out}]`;
};
