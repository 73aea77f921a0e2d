// The widget's API types (types.ts, and the signatures of the Api methods in api.ts) checked
// against the server's OpenAPI document, as generated into generated/openapi.ts by
// widget/gen-api-types.sh. Types only, imported by nothing: not a byte of it is in embed.js. `tsc
// --noEmit` (make widget-check) fails when:
// - an answer the widget reads no longer fits the type the method promises (a field renamed,
//   removed, made nullable, an enum widened: a new comment status or badge), or its path, method
//   or status code is gone;
// - a body, query or header the widget sends does not fit what the server accepts, or carries a
//   field the server does not know (its input models forbid extra fields: a 422).
// Each row names the Api method and the path it calls; the bodies restate what api.ts sends.
import type { Api } from "./api";
import type { paths } from "./generated/openapi";

type Verb = "get" | "post" | "patch" | "delete";
/** The server's operation; `never` when it has none (caught by Holds<Fits<...>>). */
type Op<P extends keyof paths, V extends Verb> = NonNullable<paths[P][V]>;
type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;
type Body<O extends { requestBody?: unknown }> = Json<NonNullable<O["requestBody"]>>;
type Query<O extends { parameters: { query?: unknown } }> = NonNullable<O["parameters"]["query"]>;
type Header<O extends { parameters: { header?: unknown } }> = NonNullable<O["parameters"]["header"]>;

/** What the widget's method resolves to. */
type Reads<M extends keyof Api> = Api[M] extends (...args: never[]) => Promise<infer T> ? T : never;
type Arg<M extends keyof Api, I extends number> = Api[M] extends (...args: infer A) => unknown
  ? NonNullable<A[I]>
  : never;

/** The server's answer T fits the widget's type U; "missing" when there is no such answer. */
type Fits<T extends U, U> = [T] extends [never] ? "missing" : true;
/** The widget's W fits the server's S and has no field that S lacks. */
type Accepts<S, W extends S & { [K in Exclude<keyof W, keyof S>]: never }> = [W] extends [never]
  ? "missing"
  : true;
type Holds<T extends true> = T;

type StoryComments = "/api/v1/sites/{site}/stories/{story}/comments";
type Comment = "/api/v1/sites/{site}/comments/{comment_id}";
type Sso = "/api/v1/sites/{site}/sso/session";
type Events = "/api/v1/sites/{site}/stories/{story}/events";

export type Checks = [
  // storyPage: GET stories/{story}/comments?sort&limit&cursor&filter
  Holds<Fits<Json<Op<StoryComments, "get">["responses"][200]>, Reads<"storyPage">>>,
  Holds<
    Accepts<
      Query<Op<StoryComments, "get">>,
      {
        sort: Arg<"storyPage", 1>;
        limit: Arg<"storyPage", 2>;
        cursor: Arg<"storyPage", 3>;
        filter: Arg<"storyPage", 4>;
      }
    >
  >,
  // story: GET stories/{story} (Q&A mode and its experts)
  Holds<Fits<Json<Op<"/api/v1/sites/{site}/stories/{story}", "get">["responses"][200]>, Reads<"story">>>,
  // replies: GET comments/{id}/replies?limit&cursor
  Holds<Fits<Json<Op<`${Comment}/replies`, "get">["responses"][200]>, Reads<"replies">>>,
  Holds<
    Accepts<
      Query<Op<`${Comment}/replies`, "get">>,
      { limit: Arg<"replies", 1>; cursor: Arg<"replies", 2> }
    >
  >,
  // inContext: GET comments/{id}
  Holds<Fits<Json<Op<Comment, "get">["responses"][200]>, Reads<"inContext">>>,
  // post: POST stories/{story}/comments, 201 published or 202 held
  Holds<Fits<Json<Op<StoryComments, "post">["responses"][201]>, Reads<"post">>>,
  Holds<Fits<Json<Op<StoryComments, "post">["responses"][202]>, Reads<"post">>>,
  Holds<Accepts<Body<Op<StoryComments, "post">>, Arg<"post", 1>>>,
  // source: GET comments/{id}/source with X-Edit-Token
  Holds<Fits<Json<Op<`${Comment}/source`, "get">["responses"][200]>, Reads<"source">>>,
  Holds<Accepts<Header<Op<`${Comment}/source`, "get">>, { "X-Edit-Token": Arg<"source", 1> }>>,
  // edit: PATCH comments/{id} {body} with X-Edit-Token
  Holds<Fits<Json<Op<Comment, "patch">["responses"][200]>, Reads<"edit">>>,
  Holds<Accepts<Body<Op<Comment, "patch">>, { body: Arg<"edit", 1> }>>,
  Holds<Accepts<Header<Op<Comment, "patch">>, { "X-Edit-Token": Arg<"edit", 2> }>>,
  // remove: DELETE comments/{id} with X-Edit-Token (204)
  Holds<Fits<Op<Comment, "delete">["responses"][204], { content?: never }>>,
  Holds<Accepts<Header<Op<Comment, "delete">>, { "X-Edit-Token": Arg<"remove", 1> }>>,
  // like: POST comments/{id}/reactions {kind: "like"}; DELETE comments/{id}/reactions/like
  Holds<Fits<Json<Op<`${Comment}/reactions`, "post">["responses"][200]>, Reads<"like">>>,
  Holds<Accepts<Body<Op<`${Comment}/reactions`, "post">>, { kind: "like" }>>,
  Holds<Fits<Json<Op<`${Comment}/reactions/{kind}`, "delete">["responses"][200]>, Reads<"like">>>,
  Holds<Fits<"like", Op<`${Comment}/reactions/{kind}`, "delete">["parameters"]["path"]["kind"]>>,
  // report: POST comments/{id}/reports {reason, detail, ...notice} (the answer is not read)
  Holds<
    Accepts<
      Body<Op<`${Comment}/reports`, "post">>,
      { reason: Arg<"report", 1>; detail: Arg<"report", 2> } & NonNullable<Arg<"report", 3>>
    >
  >,
  // events: GET stories/{story}/events with Last-Event-ID (text/event-stream, parsed in sse.ts)
  Holds<Accepts<NonNullable<Header<Op<Events, "get">>>, { "Last-Event-ID": Arg<"events", 1> }>>,
  // ssoSession: POST sso/session {token}
  Holds<Fits<Json<Op<Sso, "post">["responses"][200]>, Reads<"ssoSession">>>,
  Holds<Accepts<Body<Op<Sso, "post">>, { token: Arg<"ssoSession", 0> }>>,
  // login: POST /auth/login {email, password}
  Holds<Fits<Json<Op<"/api/v1/auth/login", "post">["responses"][200]>, Reads<"login">>>,
  Holds<
    Accepts<
      Body<Op<"/api/v1/auth/login", "post">>,
      { email: Arg<"login", 0>; password: Arg<"login", 1> }
    >
  >,
  // register: POST /auth/register {email, password, display_name} (the answer is not read)
  Holds<
    Accepts<
      Body<Op<"/api/v1/auth/register", "post">>,
      { email: Arg<"register", 1>; password: Arg<"register", 2>; display_name: Arg<"register", 0> }
    >
  >,
  // logout: POST /auth/logout (204)
  Holds<Fits<Op<"/api/v1/auth/logout", "post">["responses"][204], { content?: never }>>,
  // mutes: GET /me/mutes; mute: POST /me/mutes {account_id} (the answer is not read)
  Holds<Fits<Json<Op<"/api/v1/me/mutes", "get">["responses"][200]>, Reads<"mutes">>>,
  Holds<Accepts<Body<Op<"/api/v1/me/mutes", "post">>, { account_id: Arg<"mute", 0> }>>,
];
