package io.refcheck.engine;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** Finds engines on the classpath through {@link ServiceLoader}. */
public final class Engines {
    static final String SERVICE_FILE = "META-INF/services/" + Engine.class.getName();

    private Engines() {
    }

    /**
     * Every engine registered under META-INF/services/io.refcheck.engine.Engine, plain Java first.
     * An engine whose class cannot be linked (its library, as DJL or ONNX Runtime, is not on the
     * classpath) is still listed, as an engine that is unavailable for that reason: it never
     * passes a check, and it never stops the others from running.
     */
    public static List<Engine> discover() {
        List<Engine> found = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String className : registered(loader != null ? loader : Engines.class.getClassLoader())) {
            found.add(instantiate(className, loader));
        }
        Map<String, String> classByName = new HashMap<>();
        for (Engine e : found) {
            String key = e.name() + " (" + e.dtype() + ")";
            String other = classByName.putIfAbsent(key, e.getClass().getName());
            if (other != null) {
                throw new IllegalStateException("engine " + key + " is registered twice, by " + other + " and "
                        + e.getClass().getName() + ": rows of the two could not be told apart");
            }
        }
        found.sort((a, b) -> Boolean.compare(!PlainJavaEngine.NAME.equals(a.name()), !PlainJavaEngine.NAME.equals(b.name())));
        return found;
    }

    public static Engine plainJava() {
        return new PlainJavaEngine();
    }

    /** Whether {@code name} is one of refcheck's own engines' names (plain-java, pytorch, onnxruntime, oracle). */
    public static boolean isBuiltInName(String name) {
        return EngineDefinition.BUILT_IN_NAMES.contains(name);
    }

    /**
     * Starts a user's engine named {@code name}: {@code Engines.define("mylib").formula("softmax", in -> …)
     * .gradient("softmax", (in, ct) -> …).build()}. The name must not be blank nor a built-in engine's
     * ({@link EngineDefinition}).
     *
     * @throws IllegalArgumentException if the name is blank or a built-in engine's
     */
    public static EngineDefinition define(String name) {
        return new EngineDefinition(name);
    }

    /**
     * The provider class names of every META-INF/services/io.refcheck.engine.Engine file, in classpath
     * order, each once, as {@link ServiceLoader} reads them ('#' starts a comment). They are read here
     * rather than through ServiceLoader's iterator because that iterator fails on a provider it cannot
     * link without naming it in a form a program can use, and refcheck must report such an engine
     * unavailable by name.
     */
    static List<String> registered(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(SERVICE_FILE))) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    r.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICE_FILE, e);
        }
        return List.copyOf(names);
    }

    private static Engine instantiate(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader).asSubclass(Engine.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return Unloadable.of(className, e);
        }
    }

    /** A registered engine whose class could not be linked or constructed: unavailable, with the missing class as the reason. */
    record Unloadable(String name, Dtype dtype, String reason) implements Engine {

        /** Names the built-in engines as they name themselves; any other engine by its class name. */
        static Unloadable of(String className, Throwable error) {
            Throwable root = error;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String name = className.startsWith("io.refcheck.engine.PyTorchEngine") ? PyTorchEngine.NAME
                    : className.startsWith("io.refcheck.engine.OnnxRuntimeEngine") ? OnnxRuntimeEngine.NAME
                    : className.substring(className.lastIndexOf('.') + 1);
            Dtype dtype = className.endsWith("Float32") ? Dtype.FLOAT32 : Dtype.FLOAT64;
            return new Unloadable(name, dtype, className + " cannot be loaded: " + root
                    + (name.equals(PyTorchEngine.NAME) || name.equals(OnnxRuntimeEngine.NAME)
                    ? " (its library is not on the classpath; docs/your-engine.md gives the dependency lines)" : ""));
        }

        @Override
        public String version() {
            return "unknown";
        }

        @Override
        public Availability availability() {
            return Availability.no(reason);
        }

        @Override
        public boolean implementsFormula(String id) {
            return false;
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            throw new IllegalStateException(name + " is unavailable: " + reason);
        }
    }
}
