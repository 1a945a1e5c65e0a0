package io.refcheck.catalog;

import static io.refcheck.catalog.ExactReductions.rowReduction;

import io.refcheck.tensor.Tensors;
import java.util.Map;

/**
 * Exact forms of docs/catalog.md §D (see {@link ExactForm}): information measures along the last
 * axis, as the catalog defines them, on the exact values of the inputs. Conventions: 0·log 0 = 0,
 * +∞ where p_i &gt; 0 = q_i.
 */
final class InformationExact {
    private InformationExact() {
    }

    /** I(p) = −log p; +∞ at p = 0. */
    static Map<String, ExactTensor> selfInformation(RealArithmetic a, Tensors in) {
        return Map.of("i", ExactTensor.elementwise(a, in.get("p"), p -> p.signum() == 0 ? null : p.log().neg(), p -> Double.NaN));
    }

    /** H(P) = −Σ_i p_i log p_i. */
    static Map<String, ExactTensor> entropy(RealArithmetic a, Tensors in) {
        return Map.of("h", rowReduction(a, in.get("p"), null, (p, q) -> p.signum() == 0 ? a.zero() : p.mul(p.log()).neg()));
    }

    /** H(P, Q) = −Σ_i p_i log q_i. */
    static Map<String, ExactTensor> crossEntropyDist(RealArithmetic a, Tensors in) {
        return Map.of("h", rowReduction(a, in.get("p"), in.get("q"),
                (p, q) -> p.signum() == 0 ? a.zero() : q.signum() == 0 ? null : p.mul(q.log()).neg()));
    }

    /**
     * D(P‖Q) = Σ_i p_i log(p_i/q_i), with log(p/q) taken as log1p((p − q)/q) and p − q exact: full
     * precision where p ≈ q, as 1 + 10^−300 rounds to 1 at any fixed precision.
     */
    static Map<String, ExactTensor> klDivergence(RealArithmetic a, Tensors in) {
        return Map.of("d", rowReduction(a, in.get("p"), in.get("q"),
                (p, q) -> p.signum() == 0 ? a.zero() : q.signum() == 0 ? null : p.mul(p.subExact(q).div(q).log1p())));
    }
}
