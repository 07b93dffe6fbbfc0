import { BuildInvocation } from './build-invocation';
import { dockerBuildCommand } from './docker-build-command';
import { shellQuote, shellWordWithVariable } from '../../core/shell';

/*
 * The buildspec of a CodeBuild project that builds images for one
 * architecture: one more rendering of the build invocations, next to the
 * CDK asset and the projen tasks. Each `docker build` is
 * `dockerBuildCommand(invocation)` word for word; the repository, known only
 * where the build runs, is the project's environment variable.
 */

/** The repository in invocations, before rendering: a reference no real registry has (`.invalid`). */
export const REPOSITORY_PLACEHOLDER = 'ecr.cdk-rust-image.invalid/repository';
/** The project's environment variable that holds the repository URI (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). */
export const REPOSITORY_VARIABLE = 'IMAGE_REPOSITORY';
/**
 * The variable that lists, separated by spaces, the image tags a build must
 * make: the buildspec lists every tag, and the deploy's custom resource
 * passes only those the repository lacks (StartBuild's environment
 * override), so an image that exists is never built or pushed again.
 */
export const TAGS_VARIABLE = 'CDK_RUST_IMAGE_TAGS';
/**
 * The one command that needs AWS itself: logging Docker in to the
 * repository's registry. CodeBuild sets AWS_REGION; the AWS CLI is in its
 * standard images.
 */
export const ECR_LOGIN_COMMAND = `aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "\${${REPOSITORY_VARIABLE}%%/*}"`;

/** One image a build makes: its tag in the repository and its build invocation. */
export interface BuildspecImage {
  /** The tag the image is pushed as. */
  readonly tag: string;
  /** How to build it (its `-t` names the repository by `REPOSITORY_PLACEHOLDER`). */
  readonly invocation: BuildInvocation;
  /** The tag whose absence from `CDK_RUST_IMAGE_TAGS` skips this image (the service's tag, also for its per-platform parts). */
  readonly requestedAs: string;
}

/** What one architecture's build does: the dependency stage pushed as a cache, then each image. */
export interface ArchitectureBuild {
  /** The builder stage's invocation, tagged and cached as the registry cache of this architecture. */
  readonly cache: BuildInvocation;
  /** The cache's tag in the repository. */
  readonly cacheTag: string;
  readonly images: BuildspecImage[];
}

/** A CodeBuild buildspec (version 0.2) as an object, for `BuildSpec.fromObject`. */
export interface Buildspec {
  readonly version: string;
  readonly env: { readonly variables: { [name: string]: string } };
  readonly phases: {
    readonly pre_build: { readonly commands: string[] };
    readonly build: { readonly commands: string[] };
  };
}

/** The buildspec of one architecture's project. */
export function codeBuildBuildspec(build: ArchitectureBuild): Buildspec {
  const ref = (tag: string) => `"\${${REPOSITORY_VARIABLE}}":${shellQuote(tag, 'image tag')}`;
  const requested = [...new Set(build.images.map((image) => image.requestedAs))];
  return {
    version: '0.2',
    env: {
      variables: {
        // Docker 20.10 builds with BuildKit only when asked; later engines ignore it.
        DOCKER_BUILDKIT: '1',
        [TAGS_VARIABLE]: requested.join(' '),
      },
    },
    phases: {
      pre_build: { commands: [ECR_LOGIN_COMMAND] },
      build: {
        commands: [
          'cd "$CODEBUILD_SRC_DIR"',
          docker(build.cache),
          `docker push ${ref(build.cacheTag)}`,
          ...build.images.map((image) =>
            `case " $${TAGS_VARIABLE} " in *${shellQuote(` ${image.requestedAs} `, 'image tag')}*) ${docker(image.invocation)} && docker push ${ref(image.tag)};; `
            + `*) echo ${shellQuote(`${image.tag}: in the repository already, not built`, 'image tag')};; esac`),
        ],
      },
    },
  };
}

/** `docker build` of an invocation, one shell command, the repository as the variable. */
function docker(invocation: BuildInvocation): string {
  return dockerBuildCommand(invocation).map((word) => shellWordWithVariable(word, REPOSITORY_PLACEHOLDER, REPOSITORY_VARIABLE, 'docker argument')).join(' ');
}
