import { LabelRuntime } from '../src/labels/index.ts';
// reuse bench internals by importing the file is messy; copy minimal: run bench with env flag
