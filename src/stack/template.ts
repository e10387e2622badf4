/**
 * The manifest's placeholders ({{seed.id}}, {{ids}}, {{item.title}}, {{secret.NAME}}),
 * filled with firedrill's values. Values are used as they are: firedrill's titles and ids
 * are plain words and digits, and its secrets are base64url, so none needs escaping in
 * a URL, JSON, XML or a form.
 */
export type TemplateValues = Record<string, string>;

export function render(text: string, values: TemplateValues): string {
  return text.replace(/\{\{\s*([a-z0-9._-]+)\s*\}\}/gi, (_whole, name: string) => {
    const value = values[name];
    // The manifest's placeholders are checked when it is loaded; a value missing here is a defect.
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}

/** `text` with every secret value among `values` replaced: for error messages that quote a stack's answer. */
export function redact(text: string, values: TemplateValues): string {
  let out = text;
  for (const [name, value] of Object.entries(values)) if (name.startsWith("secret.") && value) out = out.split(value).join("***");
  return out;
}

/** The values every template may use, from the stack's secrets and the seeded item. */
export function templateValues(secrets: Record<string, string>, seedId?: string): TemplateValues {
  const values: TemplateValues = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`secret.${k}`, v]));
  if (seedId !== undefined) values["seed.id"] = seedId;
  return values;
}
