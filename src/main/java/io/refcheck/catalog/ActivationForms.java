package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.Map;

/** The PyTorch forms of §A's entries that DJL does not offer as one call. */
final class ActivationForms {
    private ActivationForms() {
    }

    static int lastAxis(NDArray z) {
        return z.getShape().dimension() - 1;
    }

    /** torch.logsumexp's own algorithm (aten/native/ReduceOps.cpp), since DJL does not expose it. */
    static NDArray torchLogsumexp(Map<String, NDArray> in) {
        NDArray z = in.get("z");
        int axis = lastAxis(z);
        NDArray max = z.max(new int[] {axis}, true).stopGradient();
        NDArray shift = NDArrays.where(max.isInfinite(), max.zerosLike(), max);
        return z.sub(shift).exp().sum(new int[] {axis}).log().add(shift.squeeze(axis));
    }
}
