/** The tag part of a reference: the same tag names the image inside the lab registry. */
export function tagOf(reference: string): string {
  return reference.slice(reference.lastIndexOf(":") + 1);
}

/** "firedrill/notes-db:abc" -> "firedrill/notes-db". */
export function repositoryOf(reference: string): string {
  return reference.slice(0, reference.lastIndexOf(":"));
}
