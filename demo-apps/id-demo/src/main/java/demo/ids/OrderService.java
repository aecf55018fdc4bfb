package demo.ids;

import cn.hutool.core.lang.Snowflake;

/** Numbers orders with a Hutool Snowflake of its own, worker 3 in datacenter 1. */
final class OrderService {

    final Snowflake ids = new Snowflake(3, 1);

    long nextOrderId() {
        return ids.nextId();
    }
}
