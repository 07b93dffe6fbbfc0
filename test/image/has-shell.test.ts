import { libBinBuilder } from './render-expected';
import { AlpineRuntime, CustomRuntime, DebianSlimRuntime, DevImage, DistrolessRuntime, ImageRuntime, ScratchRuntime } from '../../src';

test.each([
  ['scratch', new ScratchRuntime(), false],
  ['distroless (default, nonroot)', new DistrolessRuntime(), false],
  ['distroless :latest', new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:latest' }), false],
  ['distroless :debug', new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:debug' }), true],
  ['distroless :debug-nonroot by digest', new DistrolessRuntime({ baseImage: `gcr.io/distroless/static-debian13:debug-nonroot@sha256:${'2'.repeat(64)}` }), true],
  ['alpine', new AlpineRuntime(), true],
  ['debian slim', new DebianSlimRuntime(), true],
  ['dev', new DevImage(), true],
  ['custom (the base is yours)', new CustomRuntime({ baseImage: 'ubuntu:24.04' }), true],
] as Array<[string, ImageRuntime, boolean]>)('the image build says whether the runtime image has a shell: %s', (_name, runtime, shell) => {
  expect(runtime.compose(libBinBuilder()).hasShell).toBe(shell);
});
