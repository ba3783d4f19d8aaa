package dev.sluice.processor.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Small helpers for property checks: a seeded {@link Random} (a failure names its seed and try, so it can be
 * replayed) and generators of strings from character ranges and of picks from lists.
 */
public final class Randoms {
    private final Random random;

    public Randoms(long seed) {
        this.random = new Random(seed);
    }

    public int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A string of {@code min..max} characters drawn from the inclusive ranges {@code from[i]..to[i]}. */
    public String chars(int min, int max, char[] from, char[] to) {
        int length = between(min, max);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(from.length);
            s.append((char) between(from[r], to[r]));
        }
        return s.toString();
    }

    public String alphanumeric(int min, int max) {
        return chars(min, max, new char[] {'a', 'A', '0'}, new char[] {'z', 'Z', '9'});
    }

    /** One of several generators, chosen with the given weights. */
    public String weighted(int[] weights, List<Supplier<String>> generators) {
        int total = 0;
        for (int w : weights) total += w;
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return generators.get(i).get();
        }
        throw new IllegalStateException();
    }
}
