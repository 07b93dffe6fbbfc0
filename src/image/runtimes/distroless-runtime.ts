import { accountsStageName, renderAccountsStage, SystemAccount } from './accounts';
import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { DISTROLESS_STATIC_IMAGE } from '../../model/pins';
import { RustMuslImage } from '../rust-musl-image';

// The user database of distroless static (GoogleContainerTools/distroless, common/ and static/).
const DISTROLESS_ACCOUNTS: SystemAccount[] = [
  { passwd: 'root:x:0:0:root:/root:/sbin/nologin', group: 'root:x:0:' },
  { passwd: 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin', group: 'nobody:x:65534:' },
  { passwd: 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin', group: 'nonroot:x:65532:' },
];

/**
 * Google's distroless static image: CA certificates, tzdata, `/tmp` and a
 * `nonroot` user (65532) already inside, no shell. HTTP health checks use
 * the static probe. Another `RuntimeUser` is added to a copy of distroless's
 * user database.
 *
 * @example
 * new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:nonroot' });
 */
export class DistrolessRuntime extends ImageRuntime {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = DISTROLESS_STATIC_IMAGE;

  public readonly runtimeName: string = 'distroless';

  constructor(options: RuntimeOptions = {}) {
    super(options, DistrolessRuntime.DEFAULT_BASE_IMAGE);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return true;
  }

  /** Only distroless's `:debug` images (`debug`, `debug-nonroot`) carry a shell (busybox). @internal */
  protected _hasShell(builder: RustMuslImage): boolean {
    return /:debug(-nonroot)?(@|$)/.test(this._baseImageOf(builder));
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const u = this.user;
    const known = u.isRoot || (u.uid === 65532 && u.gid === 65532 && u.name === 'nonroot');
    if (!known) {
      const clash = DISTROLESS_ACCOUNTS.find((a) => a.passwd.split(':')[0] === u.name || a.passwd.split(':')[2] === String(u.uid));
      if (clash) {
        throw new Error(`Invalid user ${u.name} (${u.spec}) for DistrolessRuntime: distroless already has the user ${clash.passwd.split(':')[0]} with uid ${clash.passwd.split(':')[2]}. Use RuntimeUser.nonRoot(), or a name and uid of your own.`);
      }
      renderAccountsStage(dockerfile, u, DISTROLESS_ACCOUNTS, 'Distroless\'s user database plus the runtime user', context.stageSuffix);
    }
    const stage = this._addRuntimeStage(dockerfile, context)
      .comment('Distroless static: certificates, tzdata and the nonroot user come with the base.');
    if (!known) stage.copy(['/accounts/etc/passwd', '/accounts/etc/group'], '/etc/', { fromStage: accountsStageName(context.stageSuffix) });
    this._finishStage(stage, context);
  }
}
