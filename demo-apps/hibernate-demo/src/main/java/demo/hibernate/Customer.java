package demo.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.util.UUID;
import org.hibernate.annotations.UuidGenerator;

/** Random UUIDs made by Hibernate, no database involved. */
@Entity
public class Customer {

    @Id
    @GeneratedValue
    @UuidGenerator
    private UUID id;

    private String name;

    protected Customer() {}

    public Customer(String name) {
        this.name = name;
    }
}
