package dev.sluice.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart as a PNG, drawn with Java2D (no charting library resolves here): one group per category (batch
 * size, instances), one bar per series (measured configurations and the old worker's modelled figures), a value label
 * on every bar. Missing values (NaN) leave a gap.
 */
final class BarChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0xff7f0e),
            new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x9467bd)};
    private static final int WIDTH = 1120;
    private static final int HEIGHT = 540;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String[] categories;
    private final Map<String, double[]> series = new LinkedHashMap<>();

    BarChart(String title, String xLabel, String yLabel, String... categories) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = categories;
    }

    BarChart series(String name, double... values) {
        if (values.length != categories.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + categories.length
                    + " categories");
        }
        series.put(name, values);
        return this;
    }

    void write(Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private void draw(Graphics2D g) {
        int left = 80, right = WIDTH - 300, top = 50, bottom = HEIGHT - 60;
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isNaN(v))
                .max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // axes and horizontal grid
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (bottom - top) * i / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(number(max * i / 5), 10, y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString(yLabel, left, top - 8);
        g.drawString(xLabel, (left + right) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 15);
        int groupWidth = (right - left) / categories.length;
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, series.size()));
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color color = COLORS[s % COLORS.length];
            for (int c = 0; c < categories.length; c++) {
                double v = e.getValue()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                int h = (int) Math.round((bottom - top) * v / max);
                int x = left + c * groupWidth + 10 + s * barWidth;
                g.setColor(color);
                g.fillRect(x, bottom - h, barWidth - 2, h);
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                g.drawString(number(v), x, bottom - h - 3);
            }
            // legend
            g.setColor(color);
            g.fillRect(right + 20, top + s * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(e.getKey(), right + 40, top + s * 22 + 12);
            s++;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < categories.length; c++) {
            int x = left + c * groupWidth + groupWidth / 2 - g.getFontMetrics().stringWidth(categories[c]) / 2;
            g.drawString(categories[c], x, bottom + 18);
        }
    }

    static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
