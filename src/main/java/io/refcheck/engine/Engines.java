package io.refcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds engines on the classpath through {@link ServiceLoader}. */
public final class Engines {
    private Engines() {
    }

    /** Every engine registered under META-INF/services/io.refcheck.engine.Engine, plain Java first. */
    public static List<Engine> discover() {
        List<Engine> found = new ArrayList<>();
        for (Engine e : ServiceLoader.load(Engine.class)) {
            found.add(e);
        }
        found.sort((a, b) -> Boolean.compare(!PlainJavaEngine.NAME.equals(a.name()), !PlainJavaEngine.NAME.equals(b.name())));
        return found;
    }

    public static Engine plainJava() {
        return new PlainJavaEngine();
    }
}
