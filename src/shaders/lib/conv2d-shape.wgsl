// The convolution's shape, appended to every conv2d kernel (conv2d.wgsl, conv2d-grad-input.wgsl,
// conv2d-grad-filter.wgsl, conv2d-software.wgsl) and set by shapeConstants in
// src/gpu/kernels/conv2d-common.ts: input [BATCH, IN_C, IN_H, IN_W], filter
// [OUT_C, IN_C, KSIZE, KSIZE], output [BATCH, OUT_C, OUT_H, OUT_W], NCHW. conv2d-software.wgsl
// reads an input already bordered (IN_H and IN_W count the border) and leaves PAD_T and PAD_L
// unread; its stride-1 input gradient leaves STRIDE at 1.
override BATCH: u32;
override IN_C: u32;
override IN_H: u32;
override IN_W: u32;
override OUT_C: u32;
override OUT_H: u32;
override OUT_W: u32;
override KSIZE: u32;
override STRIDE: u32 = 1u;
override PAD_T: u32;
override PAD_L: u32;

override OHW: u32 = OUT_H * OUT_W;
override KK: u32 = KSIZE * KSIZE;
