import * as fs from 'fs';
import * as path from 'path';
import { isInside, posixRelative } from '../../core/paths';
import { compareStrings } from '../../core/versions';

/**
 * Read access to the files of one build context, confined to it.
 *
 * A symbolic link is followed only when its target, fully resolved, lies
 * inside the context; a link that leaves the context, dangles or loops
 * counts as absent, exactly as it is absent from the staged context (which
 * never follows such links). A file the library must read (a Cargo.toml,
 * Cargo.lock, a cargo config) that is such a link is an error, so nothing
 * outside the context is ever read. Nothing here follows a link twice
 * around a loop: the operating system resolves each path once.
 */
export class SourceTree {
  /** Absolute path of the context, as given. */
  public readonly root: string;
  private readonly realRoot: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.realRoot = fs.realpathSync(this.root);
  }

  /** Whether `file` is a regular file inside the context (through links that stay inside). */
  public isFile(file: string): boolean {
    return this.stat(file)?.isFile() ?? false;
  }

  /** Whether `dir` is a directory inside the context (through links that stay inside). */
  public isDirectory(dir: string): boolean {
    return this.stat(dir)?.isDirectory() ?? false;
  }

  /** Whether `file` lies textually inside the context. */
  public contains(file: string): boolean {
    return isInside(this.root, path.resolve(file));
  }

  /**
   * The entry's stats, following links that resolve inside the context;
   * undefined when it is missing, outside the context, or a link that
   * leaves the context, dangles or loops.
   */
  public stat(file: string): fs.Stats | undefined {
    const real = this.realInside(file);
    if (real === undefined) return undefined;
    try {
      return fs.statSync(real);
    } catch {
      return undefined;
    }
  }

  /** Names in a directory, sorted by code unit, dot-files left out; [] when it is not a directory of the context. */
  public list(dir: string): string[] {
    const real = this.isDirectory(dir) ? this.realInside(dir) : undefined;
    if (real === undefined) return [];
    return fs.readdirSync(real).filter((name) => !name.startsWith('.')).sort(compareStrings);
  }

  /**
   * Reads a text file of the context.
   *
   * @param what how errors name the file, e.g. `Cargo.lock`
   */
  public readText(file: string, what: string): string {
    const abs = path.resolve(file);
    if (!this.contains(abs)) {
      throw new Error(`${what} (${abs}) is outside the build context ${this.root}; the library reads no file outside the context.`);
    }
    this.assertNotLinkedOutside(abs, what);
    const real = this.realInside(abs);
    if (real === undefined || !fs.statSync(real).isFile()) {
      throw new Error(`Cannot read ${what}: ${abs} is not a file (missing, a directory, or a symbolic link that dangles or loops).`);
    }
    return fs.readFileSync(real, 'utf8');
  }

  /**
   * Fails when `file` is reached through a symbolic link that leads outside
   * the context: for a file the library reads when it exists (Cargo.lock, a
   * cargo config), such a link must not pass for an absent file.
   *
   * @param what how errors name the file, e.g. `Cargo.lock`
   */
  public assertNotLinkedOutside(file: string, what: string): void {
    const abs = path.resolve(file);
    const link = this.escapingLink(abs);
    if (link !== undefined) {
      throw new Error(`${what} (${abs}) is reached through the symbolic link ${link.link} -> ${link.target}, which leads outside the build context ${this.root}. `
        + 'The library never reads or stages files outside the context: replace the link with the file itself, or move the target inside the context.');
    }
  }

  /** The context-relative posix path of `file`. */
  public relative(file: string): string {
    return posixRelative(this.root, path.resolve(file));
  }

  /** The real path of `file` when it resolves inside the context. */
  private realInside(file: string): string | undefined {
    const abs = path.resolve(file);
    if (!this.contains(abs)) return undefined;
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return undefined;
    }
    return isInside(this.realRoot, real) ? real : undefined;
  }

  /** The first link on the way from the root to `file` whose target leaves the context, if any. */
  private escapingLink(file: string): { link: string; target: string } | undefined {
    const segments = path.relative(this.root, file).split(path.sep).filter((s) => s !== '');
    let current = this.root;
    for (const segment of segments) {
      current = path.join(current, segment);
      let stats: fs.Stats;
      try {
        stats = fs.lstatSync(current);
      } catch {
        return undefined;
      }
      if (stats.isSymbolicLink()) {
        let real: string | undefined;
        try {
          real = fs.realpathSync(current);
        } catch {
          real = undefined;
        }
        if (real === undefined || !isInside(this.realRoot, real)) {
          return { link: current, target: fs.readlinkSync(current) };
        }
      }
    }
    return undefined;
  }
}
