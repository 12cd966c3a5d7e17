package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

import dev.courier.Interceptor;

/**
 * The application's {@link Interceptor} beans in {@link org.springframework.core.annotation.Order
 * @Order}, each with its {@link NetworkInterceptor} and {@link CourierService} markers. The order
 * comes from {@link ObjectProvider#orderedStream()}, which also honours {@code @Order} on
 * {@code @Bean} methods; the markers are looked up by bean name, on the class or the method.
 */
final class InterceptorBeans {
  private final List<InterceptorBean> ordered;

  private InterceptorBeans(List<InterceptorBean> ordered) {
    this.ordered = List.copyOf(ordered);
  }

  /** Collects the interceptor beans of {@code beanFactory}. */
  static InterceptorBeans collect(ListableBeanFactory beanFactory,
      ObjectProvider<Interceptor> interceptors) {
    Map<Interceptor, String> names = new IdentityHashMap<>();
    beanFactory.getBeansOfType(Interceptor.class).forEach((name, bean) -> names.put(bean, name));
    List<InterceptorBean> result = new ArrayList<>();
    interceptors.orderedStream().forEach(interceptor -> {
      String name = names.get(interceptor);
      if (name == null) return; // Not a bean of this factory (a parent context's); leave it alone.
      boolean network = beanFactory.findAnnotationOnBean(name, NetworkInterceptor.class) != null;
      CourierService scope = beanFactory.findAnnotationOnBean(name, CourierService.class);
      Set<String> services = scope == null ? Set.of() : new LinkedHashSet<>(List.of(scope.value()));
      result.add(new InterceptorBean(name, interceptor, network, services));
    });
    return new InterceptorBeans(result);
  }

  /** Returns every interceptor bean, in order. */
  List<InterceptorBean> all() {
    return ordered;
  }

  /** Returns the unscoped application ({@code network == false}) or network interceptors. */
  List<Interceptor> shared(boolean network) {
    List<Interceptor> result = new ArrayList<>();
    for (InterceptorBean bean : ordered) {
      if (bean.network() == network && bean.shared()) result.add(bean.interceptor());
    }
    return result;
  }

  /**
   * Returns {@code inherited} (the shared client's interceptors of one kind) with the interceptors
   * scoped to {@code service} inserted at their {@code @Order} place among the shared beans.
   * Interceptors that are not beans (added by customizers) keep their places.
   */
  List<Interceptor> forService(String service, List<Interceptor> inherited, boolean network) {
    Map<Interceptor, Integer> rank = new IdentityHashMap<>();
    List<InterceptorBean> pending = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      InterceptorBean bean = ordered.get(i);
      if (bean.network() != network || !bean.appliesTo(service)) continue;
      rank.put(bean.interceptor(), i);
      if (!bean.shared()) pending.add(bean);
    }
    List<Interceptor> result = new ArrayList<>(inherited.size() + pending.size());
    for (Interceptor interceptor : inherited) {
      Integer position = rank.get(interceptor);
      if (position != null) {
        while (!pending.isEmpty() && rank.get(pending.get(0).interceptor()) < position) {
          result.add(pending.remove(0).interceptor());
        }
      }
      result.add(interceptor);
    }
    for (InterceptorBean bean : pending) result.add(bean.interceptor());
    return result;
  }
}
