package io.latnas.http;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.http.dto.HardwareView;
import io.latnas.http.dto.SpaceView;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.util.List;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

/** {@code GET /v1/hardware} and {@code GET /v1/spaces}: what a request may name. Both fixed at start-up. */
public final class CatalogRoutes implements RouteGroup {

    private final HttpResponse hardware;
    private final HttpResponse spaces;

    public CatalogRoutes(HardwareCatalog catalog) {
        this.hardware = Json.response(StatusCodes.OK, catalog.all().stream().map(HardwareView::of).toList());
        this.spaces = Json.response(StatusCodes.OK, SearchSpaces.all().stream().map(SpaceView::of).toList());
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.get(ApiRoutes.PREFIX + "/hardware", () -> complete(hardware)),
                Endpoint.get(ApiRoutes.PREFIX + "/spaces", () -> complete(spaces)));
    }
}
