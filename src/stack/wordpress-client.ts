/**
 * The few WordPress calls firedrill needs, over plain HTTP: install, write a post
 * (XML-RPC, which takes a login without cookies or nonces) and read posts (REST).
 */
export interface WordPressAdmin {
  user: string;
  password: string;
}

export const SEED_POST_TITLE = "firedrill seed post";

const TIMEOUT_MS = 10_000;

/** Where the installer takes its form; answered from inside a task (install-wordpress.ts). */
export const INSTALL_PATH = "/wp-admin/install.php?step=2";

/** The installer's form: the site's title and its one admin. */
export function installForm(admin: WordPressAdmin): URLSearchParams {
  return new URLSearchParams({
    weblog_title: "firedrill lab",
    user_name: admin.user,
    admin_password: admin.password,
    admin_password2: admin.password,
    pw_weak: "1",
    admin_email: "firedrill@example.com",
    blog_public: "0",
    language: "",
  });
}

/** Throws unless the installer's answer says the site is installed (now or before). */
export function checkInstallAnswer(status: number, body: string): void {
  if (status !== 200 || !/Success!|Already Installed/i.test(body)) {
    throw new Error(`WordPress install answered ${status}: ${stripTags(body).slice(0, 300)}`);
  }
}

/** Throws unless the site answers its REST index with 200: a redirect (to the installer) is not serving. */
export async function checkServing(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/?rest_route=/`, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the REST index answered ${response.status}`);
}

/** Publishes a post and returns its id. */
export async function createPost(baseUrl: string, admin: WordPressAdmin, title: string, content: string): Promise<number> {
  const call = `<?xml version="1.0"?>
<methodCall><methodName>wp.newPost</methodName><params>
<param><value><int>1</int></value></param>
<param><value><string>${xml(admin.user)}</string></value></param>
<param><value><string>${xml(admin.password)}</string></value></param>
<param><value><struct>
<member><name>post_title</name><value><string>${xml(title)}</string></value></member>
<member><name>post_content</name><value><string>${xml(content)}</string></value></member>
<member><name>post_status</name><value><string>publish</string></value></member>
</struct></value></param>
</params></methodCall>`;
  const response = await fetch(`${baseUrl}/xmlrpc.php`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: call,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = await response.text();
  const fault = body.match(/<name>faultString<\/name>\s*<value><string>([^<]*)</);
  const id = body.match(/<(?:string|int|i4)>(\d+)<\/(?:string|int|i4)>/);
  if (response.status !== 200 || fault || !id) {
    throw new Error(`creating post "${title}" answered ${response.status}: ${fault?.[1] ?? body.slice(0, 200)}`);
  }
  return Number(id[1]);
}

export interface PostView {
  id: number;
  title: string;
}

export async function getPost(baseUrl: string, id: number, timeoutMs = TIMEOUT_MS): Promise<PostView> {
  const response = await fetch(`${baseUrl}/?rest_route=/wp/v2/posts/${id}`, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) throw new Error(`post ${id} answered ${response.status}`);
  const post = (await response.json()) as { id: number; title: { rendered: string } };
  return { id: post.id, title: post.title.rendered };
}

/** Titles of every published post (up to 100), newest first. */
export async function listPosts(baseUrl: string): Promise<PostView[]> {
  const response = await fetch(`${baseUrl}/?rest_route=/wp/v2/posts&per_page=100&_fields=id,title`, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`post list answered ${response.status}`);
  const posts = (await response.json()) as Array<{ id: number; title: { rendered: string } }>;
  return posts.map((p) => ({ id: p.id, title: p.title.rendered }));
}

/** The posts among `ids` that exist and are published (asked 100 at a time). */
export async function postsById(baseUrl: string, ids: readonly number[]): Promise<PostView[]> {
  const found: PostView[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const response = await fetch(`${baseUrl}/?rest_route=/wp/v2/posts&per_page=100&_fields=id,title&include=${chunk.join(",")}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status !== 200) throw new Error(`post lookup answered ${response.status}`);
    const posts = (await response.json()) as Array<{ id: number; title: { rendered: string } }>;
    found.push(...posts.map((p) => ({ id: p.id, title: p.title.rendered })));
  }
  return found;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function stripTags(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
}
