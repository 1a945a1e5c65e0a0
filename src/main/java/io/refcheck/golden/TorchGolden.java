package io.refcheck.golden;

import java.util.List;

/**
 * The layout of the PyTorch-in-Python golden sets, written by {@code scripts/torch_golden.py} (never
 * by Java, never by hand) on the frozen inputs of the ONNX Runtime cases:
 *
 * <pre>
 * golden-data/pytorch-python/
 *   forms.json                          the catalog's PyTorch sources ({@link TorchForms}, written by Java)
 *   &lt;set&gt;/index.json                    the set: torch and CUDA versions, device, dtype, TF32, seed, command,
 *                                       every case with the sha256 of its manifest, the ids skipped and why
 *   &lt;set&gt;/&lt;id&gt;_&lt;k&gt;/manifest.json         as an ONNX Runtime case's, with engine "pytorch-python" and no model
 *   &lt;set&gt;/&lt;id&gt;_&lt;k&gt;/test_data_set_0/input_K.pb   the inputs (role "input"), then the cotangents (role "cotangent")
 *   &lt;set&gt;/&lt;id&gt;_&lt;k&gt;/test_data_set_0/output_K.pb  the outputs (role "output"), then autograd's gradients (role "gradient")
 * </pre>
 *
 * <p>Sets are named {@code <device>-<dtype>}, with {@code -tf32} or {@code -notf32} for CUDA float32.
 * Each set has its own index.json: the script runs where there is no Java (a GPU machine with
 * PyTorch only), so golden-data/index.json stays the Java generator's alone.
 */
public final class TorchGolden {
    private TorchGolden() {
    }

    /** The folder under golden-data, and the engine name of its rows. */
    public static final String DIR = "pytorch-python";
    public static final String ENGINE = "pytorch-python";
    public static final String ROLE_INPUT = "input";
    public static final String ROLE_COTANGENT = "cotangent";
    public static final String ROLE_OUTPUT = "output";
    public static final String ROLE_GRADIENT = "gradient";
    /** The sets the report compares: the CPU ones, and the three CUDA ones a GPU run adds. */
    public static final String CPU_FLOAT64 = "cpu-float64";
    public static final String CPU_FLOAT32 = "cpu-float32";
    public static final String CUDA_FLOAT64 = "cuda-float64";
    public static final String CUDA_FLOAT32_TF32 = "cuda-float32-tf32";
    public static final String CUDA_FLOAT32_NOTF32 = "cuda-float32-notf32";
    public static final List<String> SETS = List.of(CPU_FLOAT64, CPU_FLOAT32, CUDA_FLOAT64, CUDA_FLOAT32_TF32, CUDA_FLOAT32_NOTF32);
}
