package demo.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** IDs from a sequence, 50 at a time (JPA's default allocation size: Hibernate's pooled optimizer). */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_ids")
    @SequenceGenerator(name = "order_ids", sequenceName = "order_seq", allocationSize = 50)
    private Long id;

    private String item;

    protected Order() {}

    public Order(String item) {
        this.item = item;
    }
}
