package io.streamcast.trainer;

import io.streamcast.trainer.nn.Training;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training report: one self-contained HTML file (charts drawn with JFreeChart, embedded as
 * PNG data) with the loss curves of every model, forecast against actual on the test split, the
 * validation residuals with the calibrated scale, and the metrics table beside the baselines.
 */
public final class TrainingReport {
    private TrainingReport() {
    }

    public static void write(Path file, String title, List<ForecastTraining.Result> models, List<ForecastTraining.Scores> baselines)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}"
                        + "td:first-child,th:first-child{text-align:left}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        html.append("<h2>Test metrics</h2><table><tr><th>model</th><th>target</th><th>MSE</th><th>MAE</th><th>RMSE</th>"
                + "<th>MAPE %</th><th>MASE</th><th>MSE (norm)</th><th>MAE (norm)</th></tr>");
        for (ForecastTraining.Result r : models) {
            rows(html, r.test());
        }
        for (ForecastTraining.Scores b : baselines) {
            rows(html, b);
        }
        html.append("</table>");
        for (ForecastTraining.Result r : models) {
            String name = r.bundle().label();
            Training.History h = r.history();
            html.append("<h2>").append(escape(name)).append("</h2><p>best epoch ").append(h.bestEpoch() + 1)
                    .append(String.format(", %.2f s/epoch, export parity %.2e</p>", h.secondsPerEpoch(), r.parityMaxDiff()));
            XYSeriesCollection loss = new XYSeriesCollection();
            loss.addSeries(series("train", h.trainLoss()));
            loss.addSeries(series("validation", h.validationLoss()));
            img(html, ChartFactory.createXYLineChart("Loss per epoch", "epoch", "loss", loss, PlotOrientation.VERTICAL,
                    true, false, false));
            XYSeriesCollection fc = new XYSeriesCollection();
            fc.addSeries(series("actual", r.testActual()));
            fc.addSeries(series("forecast", r.testForecast()));
            img(html, ChartFactory.createXYLineChart("Forecast vs actual (test, first key)", "row", "value", fc,
                    PlotOrientation.VERTICAL, true, false, false));
            HistogramDataset hist = new HistogramDataset();
            if (r.validationResiduals().length > 0) {
                hist.addSeries("residual", r.validationResiduals(), 60);
            }
            JFreeChart histogram = ChartFactory.createHistogram("Validation residuals, ±3σ of the calibrated scale",
                    "residual", "count", hist, PlotOrientation.VERTICAL, false, false, false);
            XYPlot plot = histogram.getXYPlot();
            for (double m : new double[] {-3 * r.residualScale(), 3 * r.residualScale()}) {
                ValueMarker marker = new ValueMarker(m, Color.RED, new BasicStroke(2f));
                plot.addDomainMarker(marker);
            }
            img(html, histogram);
        }
        html.append("</body></html>");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static void rows(StringBuilder html, ForecastTraining.Scores s) {
        s.byTarget().forEach((t, e) -> html.append(String.format(
                "<tr><td>%s</td><td>%s</td><td>%.6g</td><td>%.6g</td><td>%.6g</td><td>%.3f</td><td>%.4f</td><td>%.6f</td>"
                        + "<td>%.6f</td></tr>", escape(s.name()), escape(t), e.mse(), e.mae(), e.rmse(), e.mape(), e.mase(),
                e.normalizedMse(), e.normalizedMae())));
    }

    private static XYSeries series(String name, List<Double> values) {
        XYSeries s = new XYSeries(name);
        for (int i = 0; i < values.size(); i++) {
            s.add(i + 1, values.get(i));
        }
        return s;
    }

    private static XYSeries series(String name, double[] values) {
        XYSeries s = new XYSeries(name);
        for (int i = 0; i < values.length; i++) {
            s.add(i, values[i]);
        }
        return s;
    }

    private static void img(StringBuilder html, JFreeChart chart) throws IOException {
        BufferedImage image = chart.createBufferedImage(1000, 380);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        html.append("<p><img alt=\"").append(escape(chart.getTitle().getText())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\"></p>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
