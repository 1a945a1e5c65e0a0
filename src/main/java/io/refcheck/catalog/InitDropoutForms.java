package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.formulas.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;

/** The PyTorch form of dropout, which has no one-line DJL equivalent. */
final class InitDropoutForms {
    private InitDropoutForms() {
    }

    /**
     * PyTorch's dropout through DJL, seeded by the entry's seed so that evaluating and
     * differentiating the same inputs draw the same mask: inverted is F.dropout itself; classic
     * (which PyTorch lacks) multiplies by the mask of the same draw in training and by q at test.
     */
    static Map<String, NDArray> torchDropout(Map<String, NDArray> in) {
        NDArray x = in.get("x");
        double p = TorchForm.scalar(in.get("p"));
        boolean training = Dropout.training(TorchForm.scalar(in.get("training")));
        Torch.Dropped draw = Torch.seededDropout(x, p, training, (long) TorchForm.scalar(in.get("seed")));
        NDArray y = switch (Dropout.Mode.ofCode(TorchForm.scalar(in.get("mode")))) {
            case INVERTED -> draw.y();
            case CLASSIC -> training ? x.mul(draw.mask()) : x.mul(Torch.constant(x, 1 - p));
        };
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("y", y);
        out.put("mask", draw.mask());
        return out;
    }
}
