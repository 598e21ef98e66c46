package io.latnas.http;

import java.util.List;

/** A routes class: the rows it adds to the route table. */
public interface RouteGroup {

    List<Endpoint> endpoints();
}
