import { FileBase, IResolver, Project } from 'projen';

/** How a generated file gets its text. @internal */
export interface GeneratedFileOptions {
  /** Returns the file's text at synthesis time, so later changes to the model still show. */
  readonly content: () => string;
  /** Whether to prefix the text with projen's "generated" marker as a `#` comment. */
  readonly commentMarker: boolean;
  /** Whether the file is executable. */
  readonly executable?: boolean;
}

/**
 * A read-only file whose content is computed in `synthesizeContent()`: the
 * Dockerfiles, the `.dockerignore` and the support files. Files whose syntax
 * has no comments (`/etc/passwd`, `Cargo.lock`) go without the marker and are
 * still listed in `.projen/files.json`, as projen does for its own files.
 *
 * @internal
 */
export class GeneratedFile extends FileBase {
  private readonly options: GeneratedFileOptions;

  constructor(project: Project, filePath: string, options: GeneratedFileOptions) {
    super(project, filePath, { readonly: true, marker: options.commentMarker, executable: options.executable });
    this.options = options;
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const text = this.options.content();
    return this.marker ? `# ${this.marker}\n${text}` : text;
  }
}
