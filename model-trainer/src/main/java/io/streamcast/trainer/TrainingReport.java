package io.streamcast.trainer;

import io.streamcast.core.bundle.Task;
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
 * validation residuals with the calibrated scale, and the metrics table beside the baselines; for
 * failure models, the confusion matrix of classifiers and prediction against truth.
 */
public final class TrainingReport {
    private TrainingReport() {
    }

    public static void write(Path file, String title, List<ForecastTraining.Result> models, List<ForecastTraining.Scores> baselines)
            throws IOException {
        StringBuilder html = head(title);
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
            lossChart(html, h);
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

    /**
     * The report of failure models (RUL regression or "fails within N" classification): validation
     * metrics side by side, the confusion matrix of each classifier, loss curves, and prediction
     * against truth on the first validation key.
     */
    public static void writeFailure(Path file, String title, FailureTraining.Spec spec, List<FailureTraining.Result> models)
            throws IOException {
        StringBuilder html = head(title);
        boolean regress = spec.task() == Task.REGRESS;
        html.append("<h2>Validation metrics</h2><table><tr><th>model</th><th>rows</th>").append(regress
                ? "<th>RUL RMSE</th><th>RUL MAE</th>"
                : "<th>loss</th><th>accuracy</th><th>precision</th><th>recall</th><th>F1</th>").append("</tr>");
        for (FailureTraining.Result r : models) {
            FailureTraining.Scores v = r.validation();
            html.append("<tr><td>").append(escape(r.bundle().label())).append("</td><td>").append(v.n()).append("</td>")
                    .append(regress ? String.format("<td>%.2f</td><td>%.2f</td>", v.rmse(), v.mae())
                            : String.format("<td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>", v.logLoss(),
                                    v.accuracy(), v.precision(), v.recall(), v.f1()))
                    .append("</tr>");
        }
        html.append("</table>");
        for (FailureTraining.Result r : models) {
            FailureTraining.Scores v = r.validation();
            Training.History h = r.history();
            html.append("<h2>").append(escape(r.bundle().label())).append("</h2><p>best epoch ").append(h.bestEpoch() + 1)
                    .append(String.format(", %.2f s/epoch, export parity %.2e</p>", h.secondsPerEpoch(), r.parityMaxDiff()));
            if (!regress) {
                List<String> classes = spec.classes();
                html.append("<table><tr><th>actual \\ predicted</th>");
                classes.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
                html.append("</tr>");
                for (int a = 0; a < classes.size(); a++) {
                    html.append("<tr><th>").append(escape(classes.get(a))).append("</th>");
                    for (int p = 0; p < classes.size(); p++) {
                        html.append("<td>").append(v.confusion()[a][p]).append("</td>");
                    }
                    html.append("</tr>");
                }
                html.append("</table>");
            }
            lossChart(html, h);
            XYSeriesCollection fc = new XYSeriesCollection();
            fc.addSeries(series(regress ? "true RUL" : "fails within " + spec.failWithin() + " (1) or not (0)",
                    v.firstKeyActual()));
            fc.addSeries(series(regress ? "predicted RUL" : "P(" + spec.positiveClass() + ")", v.firstKeyPredicted()));
            img(html, ChartFactory.createXYLineChart("Prediction vs truth (first validation key, after warm-up)", "row",
                    regress ? "cycles" : "probability", fc, PlotOrientation.VERTICAL, true, false, false));
        }
        html.append("</body></html>");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static StringBuilder head(String title) {
        System.setProperty("java.awt.headless", "true");
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}"
                        + "td:first-child,th:first-child{text-align:left}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        return html;
    }

    private static void lossChart(StringBuilder html, Training.History h) throws IOException {
        XYSeriesCollection loss = new XYSeriesCollection();
        loss.addSeries(series("train", h.trainLoss()));
        loss.addSeries(series("validation", h.validationLoss()));
        img(html, ChartFactory.createXYLineChart("Loss per epoch", "epoch", "loss", loss, PlotOrientation.VERTICAL,
                true, false, false));
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
