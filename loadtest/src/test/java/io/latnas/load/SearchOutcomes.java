package io.latnas.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** What is wrong with a search as GET /v1/searches/{id} shows it once it has ended (docs/API.md). */
final class SearchOutcomes {

    /** The answer for a correct search. */
    static final String NONE = "none";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchOutcomes() {
    }

    /**
     * @param constraintsMs the constraints the search was submitted with, in order
     * @return {@link #NONE}, or the problems found, separated by "; "
     */
    static String problems(String body, double[] constraintsMs) {
        JsonNode search;
        try {
            search = JSON.readTree(body);
        } catch (Exception e) {
            return "body is not JSON: " + e.getMessage();
        }
        List<String> problems = new ArrayList<>();
        String state = search.path("state").asText();
        if (!"done".equals(state)) {
            problems.add("state is " + state + " (failure: " + search.path("failure") + ")");
        }
        if (!search.path("failure").isNull()) {
            problems.add("failure: " + search.path("failure"));
        }
        JsonNode front = search.path("result").path("front");
        if (front.size() != constraintsMs.length) {
            problems.add(front.size() + " outcomes for " + constraintsMs.length + " constraints");
        }
        for (int i = 0; i < front.size(); i++) {
            problems.addAll(outcomeProblems(front.get(i), i < constraintsMs.length ? constraintsMs[i] : Double.NaN));
        }
        return problems.isEmpty() ? NONE : String.join("; ", problems);
    }

    private static List<String> outcomeProblems(JsonNode outcome, double constraintMs) {
        double reported = outcome.path("constraintMs").asDouble(Double.NaN);
        String status = outcome.path("status").asText();
        List<String> problems = new ArrayList<>();
        if (reported != constraintMs) {
            problems.add("outcome for " + reported + " ms where " + constraintMs + " ms was asked");
        }
        switch (status) {
            case "found" -> {
                double latencyMs = outcome.path("latencyMs").asDouble(Double.NaN);
                if (!(latencyMs <= reported) || outcome.path("architecture").isMissingNode()) {
                    problems.add("winner at " + latencyMs + " ms for a " + reported + " ms constraint");
                }
            }
            case "infeasible" -> { }
            default -> problems.add("constraint " + reported + " ms ended " + status);
        }
        return problems;
    }
}
