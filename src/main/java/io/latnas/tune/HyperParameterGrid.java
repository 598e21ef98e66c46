package io.latnas.tune;

import io.latnas.common.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid the paper tunes over (§4.2.2): every combination of learning rate, weight decay and
 * momentum, enumerated learning rate outermost, momentum innermost.
 */
public record HyperParameterGrid(List<Double> learningRates, List<Double> weightDecays, List<Double> momenta) {

    public HyperParameterGrid {
        learningRates = requireValues("lr", learningRates);
        weightDecays = requireValues("wd", weightDecays);
        momenta = requireValues("m", momenta);
    }

    /**
     * Parses {@code lr=0.1,0.01;wd=1e-4,1e-5;m=0.9}; an axis left out keeps its value in {@code defaults}.
     *
     * @throws InvalidInputException naming the part that does not parse
     */
    public static HyperParameterGrid parse(String text, HyperParameterGrid defaults) {
        Map<String, List<Double>> axes = new LinkedHashMap<>();
        axes.put("lr", defaults.learningRates());
        axes.put("wd", defaults.weightDecays());
        axes.put("m", defaults.momenta());
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (eq < 0 || !axes.containsKey(key)) {
                throw new InvalidInputException("--grid", "'" + part + "' is not lr=..., wd=... or m=... "
                        + "(e.g. lr=0.1,0.01;wd=1e-4;m=0.9)");
            }
            List<Double> values = new ArrayList<>();
            for (String v : part.substring(eq + 1).split(",")) {
                try {
                    values.add(Double.parseDouble(v.trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--grid", "'" + v.trim() + "' in " + key + " is not a number");
                }
            }
            axes.put(key, values);
        }
        return new HyperParameterGrid(axes.get("lr"), axes.get("wd"), axes.get("m"));
    }

    public int size() {
        return learningRates.size() * weightDecays.size() * momenta.size();
    }

    /** Every configuration, indexed in enumeration order. */
    public List<GridPoint> points() {
        List<GridPoint> points = new ArrayList<>(size());
        for (double lr : learningRates) {
            for (double wd : weightDecays) {
                for (double m : momenta) {
                    points.add(new GridPoint(points.size(), lr, wd, m));
                }
            }
        }
        return List.copyOf(points);
    }

    /** {@code n} configurations spread evenly over the enumeration (all of them when {@code n >= size()}). */
    public List<GridPoint> spread(int n) {
        List<GridPoint> all = points();
        if (n >= all.size()) {
            return all;
        }
        List<GridPoint> some = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            some.add(all.get((int) ((long) i * all.size() / n)));
        }
        return List.copyOf(some);
    }

    private static List<Double> requireValues(String axis, List<Double> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException("--grid", "the " + axis + " axis has no values");
        }
        for (double v : values) {
            if (!Double.isFinite(v) || v < 0) {
                throw new InvalidInputException("--grid", axis + " value " + v + " must be finite and non-negative");
            }
        }
        return List.copyOf(values);
    }

    @Override
    public String toString() {
        return "lr=" + learningRates + " wd=" + weightDecays + " m=" + momenta;
    }
}
