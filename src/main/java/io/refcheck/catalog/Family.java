package io.refcheck.catalog;

import java.util.Locale;

/** The sections A–G of docs/catalog.md. */
public enum Family {
    ACTIVATION("A", "Activations"),
    LAYER("B", "Neurons, layers, networks"),
    LOSS("C", "Losses"),
    INFORMATION("D", "Information theory"),
    BACKPROP("E", "Back-propagation"),
    OPTIMISATION("F", "Optimisation"),
    INIT_DROPOUT("G", "Initialisation and dropout");

    private final String section;
    private final String title;

    Family(String section, String title) {
        this.section = section;
        this.title = title;
    }

    public String section() {
        return section;
    }

    public String title() {
        return title;
    }

    /** Lower-case name used in JSON and reports: "activation", "loss", … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
