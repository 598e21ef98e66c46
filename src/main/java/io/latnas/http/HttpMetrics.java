package io.latnas.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latency histograms per route template, method and status, kept in memory and
 * written in Prometheus' text format. Routes are labelled by template ({@code /v1/datasets/{id}}), so the
 * number of series stays bounded whatever ids clients send; requests no route matches share one label.
 */
public final class HttpMetrics {

    /** The label of requests that matched no route. */
    public static final String UNMATCHED = "unmatched";
    /** Upper bounds in seconds: Prometheus' default buckets, which span a cached lookup to a slow ask. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(String route, String method, int status) {
    }

    private static final class Series {
        final LongAdder count = new LongAdder();
        final DoubleAdder seconds = new DoubleAdder();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<Key, Series> series = new ConcurrentHashMap<>();

    /** Counts one answered request. */
    public void record(String route, String method, int status, long nanos) {
        Series s = series.computeIfAbsent(new Key(route, method, status), k -> new Series());
        double seconds = nanos / 1e9;
        s.count.increment();
        s.seconds.add(seconds);
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                s.buckets[i].increment();
                break;
            }
        }
    }

    /** Requests counted for this route, method and status so far. */
    public long count(String route, String method, int status) {
        Series s = series.get(new Key(route, method, status));
        return s == null ? 0 : s.count.sum();
    }

    void writeTo(PrometheusText out) {
        List<Map.Entry<Key, Series>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<Key, Series> e) -> e.getKey().route())
                .thenComparing(e -> e.getKey().method()).thenComparingInt(e -> e.getKey().status()));
        out.family("latnas_http_requests_total", "counter", "HTTP requests answered, by route template, method and"
                + " status.");
        for (Map.Entry<Key, Series> e : entries) {
            out.sample("latnas_http_requests_total", labels(e.getKey()), e.getValue().count.sum());
        }
        out.family("latnas_http_request_duration_seconds", "histogram", "Time from a request's arrival to its"
                + " response headers, by route template, method and status.");
        for (Map.Entry<Key, Series> e : entries) {
            Series s = e.getValue();
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += s.buckets[i].sum();
                Map<String, String> labels = labels(e.getKey());
                labels.put("le", PrometheusText.format(BUCKETS[i]));
                out.sample("latnas_http_request_duration_seconds_bucket", labels, cumulative);
            }
            Map<String, String> all = labels(e.getKey());
            all.put("le", "+Inf");
            long count = s.count.sum();
            out.sample("latnas_http_request_duration_seconds_bucket", all, count);
            out.sample("latnas_http_request_duration_seconds_sum", labels(e.getKey()), s.seconds.sum());
            out.sample("latnas_http_request_duration_seconds_count", labels(e.getKey()), count);
        }
    }

    private static Map<String, String> labels(Key key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("route", key.route());
        labels.put("method", key.method());
        labels.put("status", Integer.toString(key.status()));
        return labels;
    }
}
